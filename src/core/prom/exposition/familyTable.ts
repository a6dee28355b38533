import type { MetricFamily, MetricType } from '../model';

/** A family while the parser still adds to it. */
export interface FamilyDraft {
  readonly name: string;
  type: MetricType;
  /** A TYPE line was seen (the type is not the default). */
  typed: boolean;
  help?: string;
  /** A HELP line with text was seen (a bare `# HELP name` only sets help to ''). */
  helpSet: boolean;
  unit?: string;
  sampleCount: number;
  readonly line: number;
}

/** Families by name, in order of first appearance. */
export class FamilyTable {
  private readonly byName = new Map<string, FamilyDraft>();

  constructor(private readonly defaultType: MetricType) {}

  get(name: string): FamilyDraft | undefined {
    return this.byName.get(name);
  }

  create(name: string, line: number): FamilyDraft {
    const f: FamilyDraft = { name, type: this.defaultType, typed: false, helpSet: false, sampleCount: 0, line };
    this.byName.set(name, f);
    return f;
  }

  getOrCreate(name: string, line: number): FamilyDraft {
    return this.byName.get(name) ?? this.create(name, line);
  }

  all(): FamilyDraft[] {
    return [...this.byName.values()];
  }

  toFamilies(): MetricFamily[] {
    return this.all().map((f) => ({
      name: f.name,
      type: f.type,
      ...(f.help === undefined ? {} : { help: f.help }),
      ...(f.unit === undefined ? {} : { unit: f.unit }),
      sampleCount: f.sampleCount,
      line: f.line,
    }));
  }
}
