using ChatBot.ApiService.Refusals;

namespace ChatBot.ApiService.Search;

/// <summary>The refusals of a search's paging (its text's are <see cref="SearchQueryParser"/>'s).</summary>
public static class SearchRefusals
{
    public static Refusal PagePastEnd(int page) => new(
        RefusalCodes.PagePastEnd,
        page > SearchResults.MaxPages
            ? $"A search gives at most {SearchResults.MaxPages} pages; narrow it to find more."
            : $"There is no page {page}: the results end before it.",
        new Dictionary<string, object> { ["maxPage"] = SearchResults.MaxPages });
}
