/** The Vaadin console: thin views over the modules' public services, one sub-package per area. */
@org.springframework.modulith.ApplicationModule(allowedDependencies = {"tenancy", "knowledge", "retrieval", "chat", "unanswered", "widget",
        "webhooks", "analytics", "shared"})
package dev.parley.console;
