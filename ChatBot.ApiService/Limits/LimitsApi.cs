using ChatBot.ApiService.Files;
using ChatBot.ApiService.Groups;
using ChatBot.ApiService.Hubs;
using ChatBot.ApiService.Messages;
using ChatBot.ApiService.Search;
using ChatBot.ApiService.Users;
using ChatBot.Data;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace ChatBot.ApiService.Limits;

/// <summary>The limits the server enforces that a client needs to know, told by the server rather than copied.</summary>
/// <param name="MaxMessageLength">The most characters a message has, after trimming.</param>
/// <param name="HistoryPageSize">How many messages a page of history has when the client does not say.</param>
/// <param name="MaxPageSize">The most messages one page (history or catch-up) may ask for.</param>
/// <param name="MaxWatched">How many people one connection may watch the presence of.</param>
/// <param name="MaxPeopleSearchResults">The most people one search may ask for.</param>
/// <param name="MaxGroupNameLength">The most characters a group's name has, after trimming.</param>
/// <param name="MinGroupMembers">The fewest people a new group has, its creator included.</param>
/// <param name="MaxGroupMembers">The most people a group has.</param>
/// <param name="MaxReactions">The most distinct emoji one message has.</param>
/// <param name="ReplyExcerptLength">The most characters of a replied-to message a reply shows.</param>
/// <param name="MaxSearchLength">The most characters a message search has, filters included.</param>
/// <param name="SearchPageSize">How many results a page of a message search has, all but the last.</param>
/// <param name="MaxSearchPages">The most pages of results a message search gives.</param>
/// <param name="MaxFilesPerMessage">The most files one message carries.</param>
/// <param name="MaxFileBytes">The most bytes one file has (a setting).</param>
public sealed record ClientLimits(
    int MaxMessageLength, int HistoryPageSize, int MaxPageSize, int MaxWatched, int MaxPeopleSearchResults,
    int MaxGroupNameLength, int MinGroupMembers, int MaxGroupMembers, int MaxReactions, int ReplyExcerptLength,
    int MaxSearchLength, int SearchPageSize, int MaxSearchPages, int MaxFilesPerMessage, long MaxFileBytes)
{
    /// <summary>The limits, those of files as this server is set.</summary>
    public static ClientLimits Of(FileStorageOptions files) => new(
        Message.MaxBodyLength, MessagePageQuery.DefaultLimit, MessageHistory.MaxPageSize, ChatHub.MaxWatched, UserSearch.MaxLimit,
        GroupRules.MaxNameLength, GroupRules.MinMembers, GroupRules.MaxMembers, Reaction.MaxDistinctPerMessage, Message.ReplyExcerptLength,
        SearchQuery.MaxLength, SearchResults.PageSize, SearchResults.MaxPages, StoredFile.MaxPerMessage, files.MaxBytes);
}

public static class LimitsApi
{
    public static RouteGroupBuilder MapLimitsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/limits").RequireAuthorization();

        group.MapGet("/", Get);

        return group;
    }

    private static Ok<ClientLimits> Get(IOptions<FileStorageOptions> files) => TypedResults.Ok(ClientLimits.Of(files.Value));
}
