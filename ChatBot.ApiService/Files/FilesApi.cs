using System.Security.Claims;
using ChatBot.ApiService.Security;
using ChatBot.ApiService.Users;
using ChatBot.Data;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Net.Http.Headers;

namespace ChatBot.ApiService.Files;

/// <summary>
/// Uploads (one file a request, its raw bytes as the body: a browser shows each one's progress and can cancel
/// it) and downloads, to those who may see the message a file was sent with. Nothing here is rendered from what
/// a sender wrote: the original is always an attachment, and only pictures re-encoded here are shown inline.
/// </summary>
public static class FilesApi
{
    public static RouteGroupBuilder MapFilesApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/files").RequireAuthorization();
        // Whatever a browser makes of an answer here, it runs nothing, and no other site may embed it.
        group.AddEndpointFilter(async (context, next) =>
        {
            var headers = context.HttpContext.Response.Headers;
            headers.XContentTypeOptions = "nosniff";
            headers.ContentSecurityPolicy = "default-src 'none'; sandbox";
            headers["Cross-Origin-Resource-Policy"] = "same-origin";
            return await next(context);
        });

        group.MapPost("/", Upload).WithQuota(RestQuota.UploadFile);
        group.MapGet("/{id:guid}", Download).WithQuota(RestQuota.DownloadFile);
        group.MapGet("/{id:guid}/thumbnail", (Guid id, HttpContext http, ChatDbContext db, FileBytes bytes, CancellationToken cancellationToken) =>
            PictureAsync(id, preview: false, http, db, bytes, cancellationToken));
        group.MapGet("/{id:guid}/preview", (Guid id, HttpContext http, ChatDbContext db, FileBytes bytes, CancellationToken cancellationToken) =>
            PictureAsync(id, preview: true, http, db, bytes, cancellationToken));

        return group;
    }

    /// <summary>Stores the body as a file named <paramref name="name"/>, streamed, never held whole.</summary>
    private static async Task<Results<Created<FileDto>, ProblemHttpResult>> Upload(
        [FromQuery] string? name,
        HttpContext http,
        FileUploads uploads,
        CancellationToken cancellationToken)
    {
        // Kestrel's own limit (30 MB) would cut a body off with no word of why: the upload reads no more than
        // Files:MaxBytes of it, and refuses a larger one as such.
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = null;
        }

        var (file, refused) = await uploads.UploadAsync(http.User.GetUserId(), name, http.Request.ContentLength, http.Request.Body, cancellationToken);
        return file is null ? refused!.ToProblem() : TypedResults.Created($"/api/files/{file.Id}", file);
    }

    /// <summary>
    /// The original bytes, always as an attachment under the file's name and as bytes of no type (a picture's
    /// original too: only its re-encoded copies are for a browser to render), with ranges for a resumed download.
    /// </summary>
    private static async Task<Results<FileStreamHttpResult, ProblemHttpResult>> Download(
        Guid id, ClaimsPrincipal principal, ChatDbContext db, FileBytes bytes, CancellationToken cancellationToken)
    {
        var file = await db.FilesVisibleTo(principal.GetUserId()).Where(f => f.Id == id).AsNoTracking().SingleOrDefaultAsync(cancellationToken);
        if (file?.Sha256 is not { } key)
        {
            return NotFound();
        }

        return TypedResults.File(
            bytes.OpenRead(key, file.Length),
            contentType: FileTypes.Unknown,
            fileDownloadName: file.Name,
            entityTag: new EntityTagHeaderValue($"\"{key}\""),
            enableRangeProcessing: true);
    }

    /// <summary>
    /// A picture's re-encoded copy (the viewer's, or the thumbnail), inline: the only bytes of a sender's that a
    /// browser renders. Its key and its length are read in the one statement that asks whether the caller may.
    /// </summary>
    private static async Task<Results<FileStreamHttpResult, ProblemHttpResult>> PictureAsync(
        Guid id,
        bool preview,
        HttpContext http,
        ChatDbContext db,
        FileBytes bytes,
        CancellationToken cancellationToken)
    {
        var file = db.FilesVisibleTo(http.User.GetUserId()).Where(f => f.Id == id);
        var copy = await (preview
            ? file.Select(f => new { Key = f.PreviewSha256, Length = f.PreviewLength })
            : file.Select(f => new { Key = f.ThumbnailSha256, Length = f.ThumbnailLength })).SingleOrDefaultAsync(cancellationToken);
        if (copy is not { Key: { } key, Length: { } length })
        {
            return NotFound();
        }

        // A copy never changes under its key: a browser keeps it, and asks each time whether it still may have it
        // (the rule above, run again), which a 304 answers without the bytes.
        http.Response.Headers.CacheControl = "private, no-cache";
        return TypedResults.File(bytes.OpenRead(key, length), PictureEncoder.ContentType, entityTag: new EntityTagHeaderValue($"\"{key}\""));
    }

    private static ProblemHttpResult NotFound() => Refusals.Refusal.NotFound("File not found.").ToProblem();
}
