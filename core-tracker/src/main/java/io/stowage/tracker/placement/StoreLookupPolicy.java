package io.stowage.tracker.placement;

/** {@code store_lookup}: how the tracker picks a group for an upload that names none. */
public enum StoreLookupPolicy {
  /** Groups in turn. */
  ROUND_ROBIN,
  /** Always {@code store_group}. */
  SPECIFY_GROUP,
  /** The group with the most free space. */
  LOAD_BALANCE
}
