package io.sextant.report;

import io.sextant.api.ApiException;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/** The two reports: two views of the one {@link Component} registry, each with its own IDs and names. */
public enum ReportKind {
    OVERVIEW("overview", Component::overviewId, Component::overviewName),
    CHANNEL("channel", Component::channelId, Component::channelName);

    private final String label;
    private final Function<Component, Integer> id;
    private final Function<Component, String> name;
    private final List<Component> components;
    private final Map<Integer, Component> byId;
    private final Map<String, Component> byName;

    ReportKind(String label, Function<Component, Integer> id, Function<Component, String> name) {
        this.label = label;
        this.id = id;
        this.name = name;
        this.components = Arrays.stream(Component.values()).filter(c -> id.apply(c) != null)
                .sorted(Comparator.comparing(id)).toList();
        this.byId = components.stream().collect(Collectors.toUnmodifiableMap(id, Function.identity()));
        this.byName = components.stream().collect(Collectors.toUnmodifiableMap(name, Function.identity()));
    }

    /** This report's components, by ascending ID. */
    public List<Component> components() {
        return components;
    }

    public int id(Component c) {
        Integer i = id.apply(c);
        if (i == null) {
            throw new IllegalArgumentException(c + " is not part of the " + label + " report");
        }
        return i;
    }

    public String name(Component c) {
        id(c);
        return name.apply(c);
    }

    /**
     * Parses the {@code components} parameter: comma-separated IDs or names of this report, blanks
     * around items allowed, duplicates (also an ID and the name of the same component) collapse.
     * Missing, empty, unknown or non-numeric-and-not-a-name items are a 400 that names them.
     */
    public Set<Component> parse(String raw) {
        if (raw == null) {
            throw ApiException.badRequest("missing required parameter 'components' (comma-separated component IDs or names of the "
                    + label + " report: " + listing() + ")");
        }
        Set<Component> out = EnumSet.noneOf(Component.class);
        for (String part : raw.split(",", -1)) {
            String item = part.strip();
            if (item.isEmpty()) {
                throw ApiException.badRequest("components '" + raw + "' has an empty item; expected comma-separated IDs or names of the "
                        + label + " report");
            }
            Component c = item.chars().allMatch(ch -> ch >= '0' && ch <= '9') ? byId(item) : byName.get(item);
            if (c == null) {
                throw ApiException.badRequest("components item '" + item + "' is not a component of the " + label
                        + " report; expected one of " + listing());
            }
            out.add(c);
        }
        return out;
    }

    private Component byId(String digits) {
        try {
            return byId.get(Integer.parseInt(digits));
        } catch (NumberFormatException e) {
            return null; // too long to be any ID
        }
    }

    /** "0 STEP_EXEC_COUNT, 1 CONVERSATION_COUNT, …". */
    public String listing() {
        return components.stream().map(c -> id(c) + " " + name(c)).collect(Collectors.joining(", "));
    }
}
