namespace ChatBot.AppHost.Topology;

/// <summary>A chosen topology that cannot run here; its message is the one line the AppHost prints before it stops.</summary>
public sealed class TopologyException(string message) : Exception(message);
