using System.ComponentModel.DataAnnotations;

namespace ChatBot.ApiService.Conversations;

public sealed record OpenDirectRequest(
    [property: Required(ErrorMessage = "Say whom to talk to.")]
    [property: StringLength(64)]
    string UserId);
