package studio.brain.gate;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import studio.brain.gate.capability.Capability;
import studio.brain.gate.capability.Limits;
import studio.brain.gate.capability.RateLimit;
import studio.brain.gate.capability.ReloadableCapabilities;
import studio.brain.gate.capability.Risk;

/** The gate's view of the capability registry (whatever version is current when asked). */
public final class RegistryCatalog implements CapabilityCatalog {
    private final ReloadableCapabilities capabilities;

    public RegistryCatalog(ReloadableCapabilities capabilities) {
        this.capabilities = capabilities;
    }

    @Override
    public Optional<CapabilityRules> rules(String capabilityId) {
        return capabilities.current().find(capabilityId).map(RegistryCatalog::rules);
    }

    @Override
    public List<String> validateInput(String capabilityId, JsonNode input) {
        return capabilities.current().validateInput(capabilityId, input).stream()
                .map(e -> (e.field().isEmpty() ? "input" : e.field()) + ": " + e.message()).toList();
    }

    static CapabilityRules rules(Capability capability) {
        Limits limits = capability.limits();
        List<CapabilityRules.QuotaLimit> quotas = new ArrayList<>();
        add(quotas, CapabilityRules.QuotaLimit.Scope.ACTOR, limits.perActor());
        add(quotas, CapabilityRules.QuotaLimit.Scope.OWNER, limits.perOwner());
        add(quotas, CapabilityRules.QuotaLimit.Scope.CAPABILITY, limits.perCapability());
        add(quotas, CapabilityRules.QuotaLimit.Scope.TENANT, limits.perTenant());
        Duration dedupeWindow = limits.cooldown().orElse(Duration.ofHours(24));
        return new CapabilityRules(capability.id(), capability.isWrite(), capability.requiresApproval(),
                capability.exemptable(), capability.enabled(), quotas, dedupeWindow,
                // Staff must have seen what a medium-or-higher risk write would do before it runs.
                capability.isWrite() && capability.dryRun() && capability.risk().compareTo(Risk.MEDIUM) >= 0);
    }

    private static void add(List<CapabilityRules.QuotaLimit> quotas, CapabilityRules.QuotaLimit.Scope scope,
                            Optional<RateLimit> limit) {
        limit.ifPresent(l -> quotas.add(new CapabilityRules.QuotaLimit(scope, l.max(), l.window())));
    }
}
