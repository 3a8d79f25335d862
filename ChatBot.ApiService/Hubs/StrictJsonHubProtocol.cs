using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Protocol;
using Microsoft.Extensions.Options;

namespace ChatBot.ApiService.Hubs;

/// <summary>
/// SignalR's JSON protocol, refusing message types it does not know. The stock protocol skips such a
/// message, but with a maximum message size set (as here) the server then never consumes it, and the
/// connection answers nothing more until it is closed. Refused, the connection closes cleanly at once.
/// </summary>
internal sealed class StrictJsonHubProtocol(IOptions<JsonHubProtocolOptions> options) : IHubProtocol
{
    private readonly JsonHubProtocol _json = new(options);

    public string Name => _json.Name;

    public int Version => _json.Version;

    public TransferFormat TransferFormat => _json.TransferFormat;

    public bool IsVersionSupported(int version) => _json.IsVersionSupported(version);

    public bool TryParseMessage(ref ReadOnlySequence<byte> input, IInvocationBinder binder, [NotNullWhen(true)] out HubMessage? message)
    {
        var before = input.Length;
        if (_json.TryParseMessage(ref input, binder, out message))
        {
            return true;
        }

        // A whole record was read, yet no message came of it: its type is not one of the protocol's.
        return input.Length == before
            ? false
            : throw new InvalidDataException("The message's type is not one this server knows.");
    }

    public void WriteMessage(HubMessage message, IBufferWriter<byte> output) => _json.WriteMessage(message, output);

    public ReadOnlyMemory<byte> GetMessageBytes(HubMessage message) => _json.GetMessageBytes(message);
}

internal static class StrictJsonHubProtocolExtensions
{
    /// <summary>Puts <see cref="StrictJsonHubProtocol"/> in the place of the stock JSON protocol.</summary>
    public static ISignalRServerBuilder UseStrictJsonProtocol(this ISignalRServerBuilder signalR)
    {
        var services = signalR.Services;
        var stock = services.Where(d => d.ServiceType == typeof(IHubProtocol) && d.ImplementationType == typeof(JsonHubProtocol)).ToList();
        stock.ForEach(d => services.Remove(d));
        services.AddSingleton<IHubProtocol, StrictJsonHubProtocol>();
        return signalR;
    }
}
