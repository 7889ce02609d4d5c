namespace Rolodesk.Data.Requests;

/// <summary>Where a request is: waiting in the queue, with an agent, or done.</summary>
public enum RequestState
{
    Queued = 0,
    Assigned = 1,
    Closed = 2,
}

/// <summary>
/// A request (ticket) from a client, handled by one agent at a time. Distribution assigns queued
/// requests; an assigned request counts towards its agent's load until it is closed.
/// </summary>
public sealed class Request
{
    public long Id { get; set; }
    public required string Subject { get; set; }
    public int ClientUserId { get; set; }

    /// <summary>How it arrived ("email", "chat", ...): free text, lower case, at most 50 characters.</summary>
    public required string Channel { get; set; }

    public RequestState State { get; set; }
    public int? AgentId { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? AssignedAt { get; set; }

    /// <summary>
    /// When the agent first answered; null = unanswered, which is what may return to the queue
    /// when the agent leaves a status that accepts requests. Cleared when the request changes hands.
    /// </summary>
    public DateTimeOffset? FirstResponseAt { get; set; }

    public DateTimeOffset? ClosedAt { get; set; }
}

/// <summary>What happened to a request's assignment.</summary>
public enum AssignmentEventKind
{
    Assign = 0,
    Return = 1,
    Reassign = 2,
    Close = 3,
}

/// <summary>One line of a request's assignment history, with the reason; the actor is null for distribution itself.</summary>
public sealed class RequestAssignment
{
    public long Id { get; set; }
    public long RequestId { get; set; }

    /// <summary>The agent the request went to (assign, reassign) or came from (return, close).</summary>
    public int? AgentId { get; set; }

    public AssignmentEventKind Event { get; set; }
    public required string Reason { get; set; }
    public int? ActorUserId { get; set; }
    public DateTimeOffset At { get; set; }
}
