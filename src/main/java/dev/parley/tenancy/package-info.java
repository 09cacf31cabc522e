/** Tenants, people and their roles, invitations, bots and their settings, API keys, the operator API. */
@org.springframework.modulith.ApplicationModule(allowedDependencies = {"platform", "shared"})
package dev.parley.tenancy;
