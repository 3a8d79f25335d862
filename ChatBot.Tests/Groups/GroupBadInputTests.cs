using System.Net;
using ChatBot.ApiService.Groups;
using ChatBot.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace ChatBot.Tests.Groups;

/// <summary>
/// Every bad request about a group gets a clear refusal with its code, and nothing of it is written.
/// Run on each database: <see cref="OnSqlite"/> and <see cref="OnPostgreSql"/>.
/// </summary>
public abstract class GroupBadInputTests(ChatApp app)
{
    public sealed class OnSqlite(ChatApp app) : GroupBadInputTests(app);

    public sealed class OnPostgreSql(PostgreSqlChatApp app) : GroupBadInputTests(app);

    [Fact]
    public async Task AGroupWithABadNameOrTheWrongPeopleIsRefusedAndNothingIsWritten()
    {
        var (ann, ben, cat) = (await app.CreateUserAsync("ann"), await app.CreateUserAsync("ben"), await app.CreateUserAsync("cat"));
        var nobody = Guid.NewGuid().ToString();
        var crowd = Enumerable.Range(0, GroupRules.MaxMembers).Select(i => $"someone-{i}").ToArray();
        var (noName, tooLong) = (GroupRules.Name.Missing, $"A group's name has at most {GroupRules.MaxNameLength} characters; this one has {GroupRules.MaxNameLength + 1}.");
        var (controls, directions, invisible) = ("A group's name cannot contain control characters.",
            "A group's name cannot contain text-direction controls.", "A group's name needs at least one visible character.");
        var tooFew = $"A group has at least {GroupRules.MinMembers} people: you and {GroupRules.MinMembers - 1} others.";
        var names = new (string? Name, string Detail)[]
        {
            ("", noName), (" \n\t ", noName), (null, noName), (new string('n', GroupRules.MaxNameLength + 1), tooLong), ("two\nlines", controls),
            ("two\u2028lines", controls), ("para\u2029graph", controls), ("a bell \u0007", controls),
            ("\u202Eevil", directions), ("left\u200Fright", directions), ("\u2066isolated\u2069", directions),
            ("\u200B", invisible), ("\u200B\u200D\uFEFF", invisible), ("\uFEFF", invisible), ("\u3164", invisible), ("\u3164\u115F\u2800", invisible),
            ("\u0301\u0308", invisible), ("\u20DD", invisible),
        };
        var cases = names
            .Select(name => ((object)new { name = name.Name, memberIds = new[] { ben.Id, cat.Id } }, HttpStatusCode.BadRequest, "invalid_group_name", name.Detail))
            .Concat(new (object Body, HttpStatusCode Status, string Code, string Detail)[]
            {
                (new { name = "Just us", memberIds = new[] { ben.Id } }, HttpStatusCode.BadRequest, "invalid_group_size", tooFew),
                (new { name = "Only me", memberIds = Array.Empty<string>() }, HttpStatusCode.BadRequest, "invalid_group_size", tooFew),
                (new { name = "Nobody named" }, HttpStatusCode.BadRequest, "invalid_group_size", tooFew),
                (new { name = "Me twice", memberIds = new[] { ben.Id, ann.Id } }, HttpStatusCode.BadRequest, "invalid_argument",
                    "You are in the group already: name the others."),
                (new { name = "Ben twice", memberIds = new[] { ben.Id, ben.Id } }, HttpStatusCode.BadRequest, "invalid_argument", "Name each person once."),
                (new { name = "A stranger", memberIds = new[] { ben.Id, nobody } }, HttpStatusCode.NotFound, "not_found", "There is no such person."),
                (new { name = "Blank id", memberIds = new[] { ben.Id, "" } }, HttpStatusCode.BadRequest, "invalid_argument", "A person's id is missing or malformed."),
                (new { name = "Too many", memberIds = crowd }, HttpStatusCode.BadRequest, "invalid_group_size",
                    $"A group has at most {GroupRules.MaxMembers} people; this would make {GroupRules.MaxMembers + 1}."),
            })
            .ToList();

        var before = await CountRowsAsync(ann, ben, cat);
        foreach (var (body, status, code, detail) in cases)
        {
            var refused = await ann.RefusedAsync(HttpMethod.Post, "/api/conversations/groups", body);
            var label = System.Text.Json.JsonSerializer.Serialize(body);
            Assert.True((refused.Status, refused.Code, refused.Detail) == (status, code, detail), $"{label[..Math.Min(120, label.Length)]}: {refused.Problem}");
        }

        Assert.Equal(before, await CountRowsAsync(ann, ben, cat));
        Assert.DoesNotContain(await ann.ListConversationsAsync(), c => c.Kind == ChatBot.Data.ConversationKind.Group);
    }

    [Fact]
    public async Task ChangesToAGroupThatBreakItsRulesAreRefusedAndNothingIsWritten()
    {
        var (ann, ben, cat) = (await app.CreateUserAsync("ann"), await app.CreateUserAsync("ben"), await app.CreateUserAsync("cat"));
        var (dan, eve) = (await app.CreateUserAsync("dan"), await app.CreateUserAsync("eve"));
        var group = (await ann.CreateGroupAsync("Rules", ben, cat)).Id;
        var members = $"/api/conversations/{group}/members";
        var cases = new (TestUser Caller, HttpMethod Method, string Path, object? Body, HttpStatusCode Status, string Code)[]
        {
            (ann, HttpMethod.Put, $"/api/conversations/{group}/name", new { name = "" }, HttpStatusCode.BadRequest, "invalid_group_name"),
            (ann, HttpMethod.Put, $"/api/conversations/{group}/name", new { name = new string('n', 65) }, HttpStatusCode.BadRequest, "invalid_group_name"),
            (ann, HttpMethod.Put, $"/api/conversations/{group}/name", new { }, HttpStatusCode.BadRequest, "invalid_group_name"),
            (ben, HttpMethod.Post, members, new { userIds = new[] { dan.Id } }, HttpStatusCode.Forbidden, "not_group_admin"),
            (ben, HttpMethod.Delete, $"{members}/{cat.Id}", null, HttpStatusCode.Forbidden, "not_group_admin"),
            (ben, HttpMethod.Post, $"/api/conversations/{group}/admins", new { userId = cat.Id }, HttpStatusCode.Forbidden, "not_group_admin"),
            (ann, HttpMethod.Post, members, new { userIds = new[] { ben.Id } }, HttpStatusCode.Conflict, "already_member"),
            (ann, HttpMethod.Post, members, new { userIds = new[] { dan.Id, cat.Id } }, HttpStatusCode.Conflict, "already_member"),
            (ann, HttpMethod.Post, members, new { userIds = new[] { dan.Id, dan.Id } }, HttpStatusCode.BadRequest, "invalid_argument"),
            (ann, HttpMethod.Post, members, new { userIds = new[] { dan.Id, Guid.NewGuid().ToString() } }, HttpStatusCode.NotFound, "not_found"),
            (ann, HttpMethod.Post, members, new { userIds = Array.Empty<string>() }, HttpStatusCode.BadRequest, "invalid_argument"),
            (ann, HttpMethod.Post, members, new { }, HttpStatusCode.BadRequest, "invalid_argument"),
            (ann, HttpMethod.Post, members, new { userIds = new[] { ann.Id } }, HttpStatusCode.BadRequest, "invalid_argument"),
            (ann, HttpMethod.Delete, $"{members}/{eve.Id}", null, HttpStatusCode.NotFound, "not_found"),
            (ann, HttpMethod.Delete, $"{members}/{ann.Id}", null, HttpStatusCode.BadRequest, "invalid_argument"),
            (ann, HttpMethod.Post, $"/api/conversations/{group}/admins", new { userId = eve.Id }, HttpStatusCode.NotFound, "not_found"),
            (ann, HttpMethod.Post, $"/api/conversations/{group}/admins", new { userId = ann.Id }, HttpStatusCode.Conflict, "already_admin"),
            (ann, HttpMethod.Post, $"/api/conversations/{group}/admins", new { }, HttpStatusCode.BadRequest, "invalid_argument"),
            (eve, HttpMethod.Post, members, new { userIds = new[] { eve.Id } }, HttpStatusCode.BadRequest, "invalid_argument"),
            (eve, HttpMethod.Post, members, new { userIds = new[] { dan.Id } }, HttpStatusCode.NotFound, "not_found"),
            (eve, HttpMethod.Put, $"/api/conversations/{group}/name", new { name = "Mine" }, HttpStatusCode.NotFound, "not_found"),
            (eve, HttpMethod.Post, $"/api/conversations/{group}/leave", null, HttpStatusCode.NotFound, "not_found"),
            (eve, HttpMethod.Get, members, null, HttpStatusCode.NotFound, "not_found"),
            (ann, HttpMethod.Post, $"/api/conversations/{Guid.NewGuid()}/leave", null, HttpStatusCode.NotFound, "not_found"),
        };

        var before = await CountRowsAsync(ann, ben, cat, dan, eve);
        foreach (var (caller, method, path, body, status, code) in cases)
        {
            var refused = await caller.RefusedAsync(method, path, body);
            Assert.True((refused.Status, refused.Code) == (status, code), $"{caller.UserName}: {method} {path} {refused.Problem}");
            Assert.False(string.IsNullOrWhiteSpace(refused.Detail), $"{method} {path} gave no reason");
        }

        Assert.Equal(before, await CountRowsAsync(ann, ben, cat, dan, eve));
        var summary = await ann.SummaryAsync(group);
        Assert.Equal(("Rules", 1L, 3), (summary.Name, summary.LastSeq, summary.MemberCount));
        Assert.Equal([ann.Id], (await ann.MembersAsync(group)).Where(m => m.Role == ChatBot.Data.MemberRole.Admin).Select(m => m.User.Id));
    }

    /// <summary>
    /// The rows of every table a group change writes that concern these people (the fixture is shared with
    /// tests running alongside): any row a refusal left behind shows here.
    /// </summary>
    private async Task<(int Conversations, int Members, int Messages)> CountRowsAsync(params TestUser[] people)
    {
        var ids = people.Select(p => p.Id).ToArray();
        await using var db = app.CreateDbContext();
        var cancellation = TestContext.Current.CancellationToken;
        var theirs = db.ConversationMembers.Where(m => ids.Contains(m.UserId)).Select(m => m.ConversationId).Distinct();
        return (
            await theirs.CountAsync(cancellation),
            await db.ConversationMembers.CountAsync(m => theirs.Contains(m.ConversationId), cancellation),
            await db.Messages.CountAsync(m => theirs.Contains(m.ConversationId) || ids.Contains(m.SenderId), cancellation));
    }
}
