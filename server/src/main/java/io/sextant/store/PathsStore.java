package io.sextant.store;

/** Computes the flow paths report from the stored events. */
public interface PathsStore {

    /** Aggregates the paths of the query (see {@link PathsData}), reading one consistent snapshot of the events. */
    PathsData paths(PathsQuery query);
}
