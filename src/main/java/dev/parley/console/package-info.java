/** The Vaadin console: thin views over the modules' public services, one sub-package per area. */
@org.springframework.modulith.ApplicationModule(allowedDependencies = {"tenancy", "knowledge", "retrieval", "analytics", "shared"})
package dev.parley.console;
