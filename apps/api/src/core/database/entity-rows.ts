/**
 * Row and record types derived from the entities, the one definition of the schema. Raw SQL selects columns
 * under their entity property names (`last_name AS lastName`), so a row is a `Pick` of its entity. mysql2
 * returns BIGINT as a string (TypeORM turns on supportBigNumbers and bigNumberStrings), and the entities say so.
 */

/** The entity with these BIGINT properties read as numbers: what repositories hand to services. */
export type AsNumbers<T, K extends keyof T> = Omit<T, K> & { [P in K]: number };

/** Every property may be null: the columns of a LEFT JOIN that found no row. */
export type Nullable<T> = { [P in keyof T]: T[P] | null };
