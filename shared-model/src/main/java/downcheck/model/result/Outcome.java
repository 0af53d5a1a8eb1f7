package downcheck.model.result;

/** UP, DOWN (with an error class), or ERROR: the agent could not run the probe; never evidence. */
public enum Outcome { UP, DOWN, ERROR }
