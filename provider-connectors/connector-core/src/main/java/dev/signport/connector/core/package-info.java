/**
 * Connector core: the provider SPI and the generic plumbing every vendor adapter shares (command
 * consumption, callbacks, polling, resilience). Empty until the connector issue lands; the module
 * exists so the build layout of DESIGN.md §2 is in place.
 */
package dev.signport.connector.core;
