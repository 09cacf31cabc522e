package dev.parley.tenancy;

/** What a member may do in a tenant. Authorities are {@code ROLE_<name>} for the current tenant. */
public enum Role {
    OWNER("Owner", "Everything, including the team and deleting the workspace"),
    ADMIN("Admin", "Bots, knowledge, team and integrations"),
    EDITOR("Editor", "Knowledge of the bots"),
    SUPPORT("Support", "Conversations and unanswered questions only");

    private final String label;
    private final String description;

    Role(String label, String description) {
        this.label = label;
        this.description = description;
    }

    public String label() {
        return label;
    }

    public String description() {
        return description;
    }

    public String authority() {
        return "ROLE_" + name();
    }

    public boolean managesBots() {
        return this == OWNER || this == ADMIN;
    }

    public boolean managesKnowledge() {
        return this != SUPPORT;
    }

    /** API keys, webhooks and the audit log. */
    public boolean managesIntegrations() {
        return this == OWNER || this == ADMIN;
    }

    public boolean managesTeam() {
        return this == OWNER || this == ADMIN;
    }
}
