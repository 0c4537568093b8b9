package studio.brain.assist.marketing;

import java.util.List;

/** The templates file as loaded: its version (recorded in every draft) and its templates, in file order. */
public record MarketingTemplates(String version, List<MarketingTemplate> templates) {
    public MarketingTemplates {
        templates = List.copyOf(templates);
    }
}
