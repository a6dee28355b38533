/**
 * Objects keyed by data (column names, label names, media-type parameters). A plain `obj[key]`
 * finds Object.prototype's members for keys such as `constructor` or `toString`, and
 * `obj[key] = v` with the key `__proto__` sets the prototype instead of storing the value
 * (issue 13, finding 1). These two go through own properties only.
 */

/** The value stored under `key` itself, never one inherited from a prototype. */
export function getOwn<T>(obj: Readonly<Record<string, T>> | undefined, key: string): T | undefined {
  return obj !== undefined && Object.hasOwn(obj, key) ? obj[key] : undefined;
}

/** Stores `value` under `key` as an own property, `__proto__` included. */
export function setOwn<T>(obj: Record<string, T>, key: string, value: T): void {
  Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
}
