/**
 * Analytics: the dashboard's numbers per bot and day. Database triggers (changelog 018) keep the
 * daily aggregates in the same transaction as the chat rows; this module reads them, never the
 * chat tables, so the dashboard costs the same with a thousand messages or millions.
 */
@org.springframework.modulith.ApplicationModule(allowedDependencies = {"tenancy", "platform", "shared"})
package dev.parley.analytics;
