package dev.signport.signer.sms;

/**
 * Sends a text message. The local stack writes messages to a readable folder ({@link OutboxSmsGateway}); a
 * production deployment plugs in its provider here (an {@code @Alternative} bean with higher priority).
 */
public interface SmsGateway {

    /** @throws RuntimeException when the message could not be handed over (the signer is told to try again) */
    void send(String phone, String text);
}
