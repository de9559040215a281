package dev.signport.document.api;

import dev.signport.document.store.ByteStream;

/** Response entity streaming {@code length} bytes of a document; written by {@link ContentBodyWriter}. */
public record ContentBody(ByteStream stream, long length) {}
