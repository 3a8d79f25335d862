using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Protocol;

namespace ChatBot.ApiService.Hubs;

/// <summary>
/// A SignalR protocol that refuses message types it does not know. The stock protocols skip such a
/// message, but with a maximum message size set (as here) the server then never consumes it, and the
/// connection answers nothing more until it is closed. Refused, the connection closes cleanly at once.
/// <para>
/// It also drops the headers of what a client invokes: the only ones SignalR reads are trace context, which is
/// not a client's to give (a browser's frames reach the hub as it wrote them). Each hub call is a trace of its own.
/// </para>
/// </summary>
internal sealed class StrictHubProtocol(IHubProtocol protocol) : IHubProtocol
{
    public string Name => protocol.Name;

    public int Version => protocol.Version;

    public TransferFormat TransferFormat => protocol.TransferFormat;

    public bool IsVersionSupported(int version) => protocol.IsVersionSupported(version);

    public bool TryParseMessage(ref ReadOnlySequence<byte> input, IInvocationBinder binder, [NotNullWhen(true)] out HubMessage? message)
    {
        var before = input.Length;
        if (protocol.TryParseMessage(ref input, binder, out message))
        {
            if (message is HubInvocationMessage invocation)
            {
                invocation.Headers = null;
            }

            return true;
        }

        // A whole message was read, yet nothing came of it: its type is not one of the protocol's.
        return input.Length == before
            ? false
            : throw new InvalidDataException("The message's type is not one this server knows.");
    }

    public void WriteMessage(HubMessage message, IBufferWriter<byte> output) => protocol.WriteMessage(message, output);

    public ReadOnlyMemory<byte> GetMessageBytes(HubMessage message) => protocol.GetMessageBytes(message);
}

internal static class StrictHubProtocolExtensions
{
    /// <summary>Wraps every protocol registered so far (JSON, MessagePack) in a <see cref="StrictHubProtocol"/>.</summary>
    public static ISignalRServerBuilder MakeProtocolsStrict(this ISignalRServerBuilder signalR)
    {
        var services = signalR.Services;
        var protocols = services.Where(d => d.ServiceType == typeof(IHubProtocol) && d.ImplementationType is not null).ToList();
        foreach (var registration in protocols)
        {
            services.Remove(registration);
            services.AddSingleton<IHubProtocol>(provider =>
                new StrictHubProtocol((IHubProtocol)ActivatorUtilities.CreateInstance(provider, registration.ImplementationType!)));
        }

        return signalR;
    }
}
