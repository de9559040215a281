/**
 * Connector core: the provider SPI ({@code spi}) and the generic plumbing every vendor adapter shares,
 * written once — command consumption with de-duplication ({@code messaging}), the envelope ↔ vendor
 * mapping and send progress ({@code store}, {@code domain}), document transfer ({@code client}),
 * callbacks ({@code api}), polling ({@code polling}) and per-vendor resilience ({@code resilience}).
 */
package dev.signport.connector.core;
