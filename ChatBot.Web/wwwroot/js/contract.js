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
});

/**
 * A refusal: its code, the text for people, and data to act on.
 * @typedef {{
 *   code: string,
 *   message: string,
 *   retryAfterSeconds?: number,
 *   maxLength?: number,
 *   maxConnections?: number,
 *   errors?: Record<string, string[]>,
 * }} Refusal
 */

/**
 * A stored message, or in a group an event of the same stream (`kind` other than 'text': 'groupCreated',
 * 'memberAdded', 'memberRemoved', 'memberLeft', 'adminMade', 'groupRenamed'; `subjectId` whom it is about,
 * `senderName` and `subjectName` their display names, which text messages do not carry); `seq` is its place
 * in the conversation: 1, 2, 3, … without gaps.
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
 * }} Message
 */

/** @typedef {{ id: string, userName: string, displayName: string, isOnline: boolean, lastSeenAt: string | null }} Person */

/**
 * A conversation as one of its members sees it: how far they, and the other member, have got. A direct
 * conversation ('direct') has a peer; a group ('group') has a name, members and this person's role in it.
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
 *   peerLastReadSeq: number,
 *   peerLastDeliveredSeq: number,
 *   lastMessage: Message | null,
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
 * }} Limits
 */

/** What the page sends to store a message. @typedef {{ conversationId: string, clientMessageId: string, body: string }} SendMessageRequest */
