import { cleanupError, type OwnerId, type PlannerSettings } from '@forced-cleanup/contract';

/**
 * The position cap of one owner: its entry in `maxPositionsByOwner` when there is one, else
 * `maxPositions`. The platform and each user have their own cap; they never share one.
 *
 * Settings are validated by the config schema before they get here; a cap that is still not a whole
 * number ≥ 0 throws `invalid_config` rather than falling back to another cap, because the cap decides
 * what is sold.
 */
export function capForOwner(owner: OwnerId, settings: PlannerSettings): number {
  const overrides = settings.maxPositionsByOwner;
  const hasOverride = Object.hasOwn(overrides, owner);
  const cap = hasOverride ? overrides[owner] : settings.maxPositions;
  if (typeof cap !== 'number' || !Number.isInteger(cap) || cap < 0) {
    const source = hasOverride ? `maxPositionsByOwner[${JSON.stringify(owner)}]` : 'maxPositions';
    throw cleanupError('invalid_config', `${source} must be a whole number ≥ 0, got ${String(cap)}`);
  }
  return cap;
}
