// @ts-check
// The contract with the server in one place: the hub's method and event names, the refusal codes, and
// the shapes of what travels between them (as JSDoc types). A test compares the names with the server's
// (ChatHub, IChatClient, RefusalCodes), so a rename on one side fails it instead of breaking the other.

/** What the client calls on the hub. */
export const HubMethods = Object.freeze({
    sendMessage: 'SendMessage',
    editMessage: 'EditMessage',
    deleteMessage: 'DeleteMessage',
    toggleReaction: 'ToggleReaction',
    getMessagesAfter: 'GetMessagesAfter',
    joinConversation: 'JoinConversation',
    leaveConversation: 'LeaveConversation',
    typing: 'Typing',
    markDelivered: 'MarkDelivered',
    markRead: 'MarkRead',
    watchPresence: 'WatchPresence',
});

/** What the hub tells the client; each is named for what has happened. */
export const ClientEvents = Object.freeze({
    messageReceived: 'MessageReceived',
    typingStarted: 'TypingStarted',
    messagesDelivered: 'MessagesDelivered',
    messagesRead: 'MessagesRead',
    presenceChanged: 'PresenceChanged',
    resyncRequested: 'ResyncRequested',
});

/** The kinds of a conversation's stream (the server's MessageKind, camelCase). */
export const MessageKinds = Object.freeze({
    text: 'text',
    groupCreated: 'groupCreated',
    memberAdded: 'memberAdded',
    memberRemoved: 'memberRemoved',
    memberLeft: 'memberLeft',
    adminMade: 'adminMade',
    groupRenamed: 'groupRenamed',
    messageEdited: 'messageEdited',
    messageDeleted: 'messageDeleted',
    reactionAdded: 'reactionAdded',
    reactionRemoved: 'reactionRemoved',
});

/** Why the server refused: the client switches on these, people read the refusal's message. */
export const RefusalCodes = Object.freeze({
    invalidArgument: 'invalid_argument',
    invalidMessage: 'invalid_message',
    messageIdTaken: 'message_id_taken',
    notFound: 'not_found',
    rateLimited: 'rate_limited',
    tooManyConnections: 'too_many_connections',
    invalidCredentials: 'invalid_credentials',
    unauthenticated: 'unauthenticated',
    forbidden: 'forbidden',
    methodNotAllowed: 'method_not_allowed',
    unsupportedMediaType: 'unsupported_media_type',
    unavailable: 'unavailable',
    serverError: 'server_error',
    invalidGroupName: 'invalid_group_name',
    invalidGroupSize: 'invalid_group_size',
    notGroupAdmin: 'not_group_admin',
    alreadyMember: 'already_member',
    alreadyAdmin: 'already_admin',
    notMessageAuthor: 'not_message_author',
    messageDeleted: 'message_deleted',
    invalidReaction: 'invalid_reaction',
    tooManyReactions: 'too_many_reactions',
    invalidSearchQuery: 'invalid_search_query',
    unknownSearchFilter: 'unknown_search_filter',
    pagePastEnd: 'page_past_end',
    invalidFile: 'invalid_file',
    fileTooLarge: 'file_too_large',
    storageQuotaExceeded: 'storage_quota_exceeded',
    uploadTimedOut: 'upload_timed_out',
});

/**
 * A refusal: its code, the text for people, and data to act on.
 * @typedef {{
 *   code: string,
 *   message: string,
 *   retryAfterSeconds?: number,
 *   maxLength?: number,
 *   maxConnections?: number,
 *   maxReactions?: number,
 *   filter?: string,
 *   maxPage?: number,
 *   maxBytes?: number,
 *   quotaBytes?: number,
 *   errors?: Record<string, string[]>,
 * }} Refusal
 */

/**
 * A stored row of a conversation's stream; `seq` is its place in it: 1, 2, 3, … without gaps; `senderName`
 * its sender's display name. `kind` says what it is (MessageKinds):
 * - a text message ('text', the default), with its current state: `editedAt`, `deleted` (its body then '',
 *   its `files` null), `files` (null when it has none), `reactions`, the message it replies to (`replyToSeq`, and `replyTo` as the server saw it), the people it
 *   mentions (`mentions`, user ids), and `changedSeq`, the last change row already applied to that state;
 * - in a group, an event ('groupCreated', 'memberAdded', 'memberRemoved', 'memberLeft', 'adminMade',
 *   'groupRenamed'; `subjectId` whom it is about, `subjectName` their display name);
 * - a change row ('messageEdited', 'messageDeleted', 'reactionAdded', 'reactionRemoved'), never shown: it
 *   changes the text message at `targetSeq` (its `body` the new text, or the emoji), as its sender did.
 * @typedef {{
 *   conversationId: string,
 *   seq: number,
 *   senderId: string,
 *   clientMessageId: string,
 *   body: string,
 *   sentAt: string,
 *   kind?: string,
 *   subjectId?: string | null,
 *   senderName?: string | null,
 *   subjectName?: string | null,
 *   targetSeq?: number | null,
 *   replyToSeq?: number | null,
 *   replyTo?: ReplyTo | null,
 *   mentions?: string[] | null,
 *   editedAt?: string | null,
 *   deleted?: boolean,
 *   reactions?: Reaction[] | null,
 *   files?: FileDto[] | null,
 *   changedSeq?: number,
 * }} Message
 */

/**
 * A file uploaded (POST /api/files) and, once sent, one of a message's. A picture (`picture`: JPEG, PNG, WebP,
 * GIF, HEIC the server could read) has its displayed `width` and `height`, a thumbnail and a preview; `length`
 * is in bytes.
 * @typedef {{ id: string, name: string, contentType: string, length: number, width: number | null, height: number | null, picture: boolean }} FileDto
 */

/** The message a reply answers, as the server saw it. @typedef {{ seq: number, senderId: string, senderName: string | null, excerpt: string, deleted: boolean }} ReplyTo */

/** One emoji under a message and who reacted with it, in the order they did. @typedef {{ emoji: string, userIds: string[] }} Reaction */

/** @typedef {{ id: string, userName: string, displayName: string, isOnline: boolean, lastSeenAt: string | null }} Person */

/**
 * A conversation as one of its members sees it: how far they, and the other member, have got, and how many
 * of its messages and events they have not read (of those, messages that mention them). A direct
 * conversation ('direct') has a peer; a group ('group') has a name, members and this person's role in it.
 * The page keeps its own `tally` of what is unread beside the summary's counts (receipts.js).
 * @typedef {{
 *   id: string,
 *   kind: string,
 *   peer: Person | null,
 *   name?: string | null,
 *   memberCount?: number,
 *   role?: string,
 *   joinedSeq?: number,
 *   isGone?: boolean,
 *   lastSeq: number,
 *   lastReadSeq: number,
 *   unreadCount: number,
 *   unreadMentions?: number,
 *   peerLastReadSeq: number,
 *   peerLastDeliveredSeq: number,
 *   lastMessage: Message | null,
 *   tally?: import('./receipts.js').UnreadTally,
 * }} Conversation
 */

/**
 * A member of a group as the other members see them (GET /api/conversations/{id}/members).
 * @typedef {{ user: Person, role: string, joinedSeq: number, lastReadSeq: number, lastDeliveredSeq: number }} Member
 */

/** A member has a conversation's messages up to `upToSeq` (delivered or read). @typedef {{ conversationId: string, userId: string, upToSeq: number }} Receipt */

/** @typedef {{ conversationId: string, userId: string }} TypingNotice */

/** @typedef {{ userId: string, isOnline: boolean, lastSeenAt: string | null }} PresenceNotice */

/**
 * The limits the server enforces that the client needs (GET /api/limits).
 * @typedef {{
 *   maxMessageLength: number,
 *   historyPageSize: number,
 *   maxPageSize: number,
 *   maxWatched: number,
 *   maxPeopleSearchResults: number,
 *   maxGroupNameLength: number,
 *   minGroupMembers: number,
 *   maxGroupMembers: number,
 *   maxReactions: number,
 *   replyExcerptLength: number,
 *   maxSearchLength: number,
 *   searchPageSize: number,
 *   maxSearchPages: number,
 *   maxFileBytes?: number,
 *   maxFilesPerMessage?: number,
 * }} Limits
 */

/**
 * What the page sends to store a message: a reply names the message it answers; `mentions` the members it names;
 * `fileIds` the files uploaded for it (its body may then be empty).
 * @typedef {{ conversationId: string, clientMessageId: string, body: string, replyToSeq?: number | null, mentions?: string[] | null, fileIds?: string[] }} SendMessageRequest
 */

/**
 * A message found by the search, as its conversation's member sees it: where (`conversationName`, the group's
 * or the other person's), who wrote it and when, and an excerpt of its text (`snippet`) with the matches at
 * `highlights`: [start, length] pairs in UTF-16 code units.
 * @typedef {{
 *   conversationId: string, conversationName: string, isGroup: boolean, seq: number, senderId: string, senderName: string,
 *   sentAt: string, editedAt: string | null, snippet: string, highlights: [number, number][],
 * }} SearchResult
 */

/** A page of results, newest first (GET /api/search?q=…&conversationId=…&page=…). @typedef {{ results: SearchResult[], page: number, hasMore: boolean }} SearchPage */

/** What the page sends to edit its message at `seq`. @typedef {{ conversationId: string, clientMessageId: string, seq: number, body: string }} EditMessageRequest */

/** What the page sends to delete the message at `seq`. @typedef {{ conversationId: string, clientMessageId: string, seq: number }} DeleteMessageRequest */

/** What the page sends to add or take back its reaction to the message at `seq`. @typedef {{ conversationId: string, clientMessageId: string, seq: number, emoji: string }} ToggleReactionRequest */
