/** Every error this package throws is an EventsError, with a message that says what to fix. */
export class EventsError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

export interface ValidationIssue {
  /** JSON Pointer into the value (or into the message, for `key`), `''` for the root. */
  readonly path: string;
  readonly message: string;
  /** The JSON Schema keyword that failed, e.g. `required`, `type`, `pattern`. */
  readonly keyword: string;
  /** Index of the message in the batch passed to `send`, when relevant. */
  readonly index?: number;
}

function describeIssue(issue: ValidationIssue): string {
  const where = issue.index === undefined ? '' : `message ${issue.index}: `;
  return `${where}${issue.path || '/'} ${issue.message}`;
}

/** A value (or key) does not match its topic's schema. Nothing of the batch was sent. */
export class EventValidationError extends EventsError {
  constructor(
    readonly topic: string,
    readonly issues: readonly ValidationIssue[],
  ) {
    super(`invalid ${topic} event: ${issues.map(describeIssue).join('; ')}`);
  }
}

/** A topic key that is not in the registry. */
export class UnknownTopicError extends EventsError {
  constructor(readonly topic: string) {
    super(`unknown topic ${JSON.stringify(topic)}: expected one of the keys of \`topics\``);
  }
}

/** A Kafka operation failed (broker unreachable, topic missing, authorization...). */
export class KafkaOperationError extends EventsError {
  constructor(
    readonly operation: string,
    cause: unknown,
    readonly retriable = false,
  ) {
    super(`kafka ${operation} failed: ${cause instanceof Error ? cause.message : String(cause)}`, {
      cause,
    });
  }
}

/** A message could not be written to its dead-letter topic, so its offset was not committed. */
export class DeadLetterError extends EventsError {}

/** A consumer or drain was used the wrong way (run twice, run after stop...). */
export class ConsumerStateError extends EventsError {}

/** The drain handler resolved but its offsets could not be committed; the batch will be read again. */
export class DrainCommitError extends EventsError {}
