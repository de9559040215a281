package dev.signport.contracts;

/** Headers SmallRye Kafka's {@code dead-letter-queue} failure strategy adds to records on {@link Topics#DEAD_LETTER}.
 */
public final class DeadLetterHeaders {

    /** Message of the exception that made the consumer give up. */
    public static final String REASON = "dead-letter-reason";
    /** Message of that exception's cause, when it has one. */
    public static final String CAUSE = "dead-letter-cause";
    /** Class name of the exception. */
    public static final String EXCEPTION_CLASS_NAME = "dead-letter-exception-class-name";
    /** Class name of the exception's cause. */
    public static final String CAUSE_CLASS_NAME = "dead-letter-cause-class-name";
    /** Topic the record was consumed from. */
    public static final String TOPIC = "dead-letter-topic";
    /** Partition the record was consumed from. */
    public static final String PARTITION = "dead-letter-partition";
    /** Offset of the record in that partition. */
    public static final String OFFSET = "dead-letter-offset";

    private DeadLetterHeaders() {
    }
}
