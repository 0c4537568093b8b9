package studio.brain.drills;

/** One scenario: it drives the drill hub, pulls its lever, watches, and reports what it measured. */
interface Drill {
    DrillReport run(DrillHub hub, int load) throws Exception;
}
