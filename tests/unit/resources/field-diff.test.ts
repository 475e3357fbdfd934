import { diffFields } from "../../../provider/resources/field-diff";
import type { FieldTable } from "../../../provider/resources/field-table";
import { types } from "../../../provider/resources/field-table";
import { UNKNOWN_VALUE } from "../../../provider/resources/values";

interface Args {
  name: string;
  parent: string;
  tags?: string[];
  key?: string;
}

const table = {
  name: { wire: "name", onChange: "update", type: types.text() },
  parent: { wire: "parent_id", onChange: "update", type: types.text() },
  tags: {
    wire: "tags",
    onChange: "update",
    type: types.list(types.text()),
    canonical: (v) => v ?? [],
  },
  key: { wire: "key", onChange: "replace", type: types.text() },
} satisfies FieldTable<Args>;

describe("diffFields", () => {
  it("reports no change when every declared field matches the state", () => {
    expect(
      diffFields(table, { name: "A", parent: "p", extra: 1 }, { name: "A", parent: "p" }),
    ).toEqual({
      changed: [],
      replaces: [],
    });
  });

  it("does not manage fields the program leaves out", () => {
    expect(
      diffFields(table, { name: "A", parent: "p", key: "k" }, { name: "A", parent: "p" }).changed,
    ).toEqual([]);
  });

  it("compares through the canonical form", () => {
    expect(
      diffFields(table, { name: "A", parent: "p" }, { name: "A", parent: "p", tags: [] }).changed,
    ).toEqual([]);
    expect(
      diffFields(table, { name: "A", parent: "p" }, { name: "A", parent: "p", tags: ["x"] })
        .changed,
    ).toEqual(["tags"]);
  });

  it("updates in place unless the table says the field identifies the object", () => {
    expect(
      diffFields(
        table,
        { name: "A", parent: "p", key: "k" },
        { name: "B", parent: "q", key: "k2" },
      ),
    ).toEqual({
      changed: ["name", "parent", "key"],
      replaces: ["key"],
    });
  });

  it("counts a value still unknown at preview time as a change, also deep inside a list", () => {
    expect(
      diffFields(table, { name: "A", parent: "p" }, { name: "A", parent: UNKNOWN_VALUE }).changed,
    ).toEqual(["parent"]);
    expect(
      diffFields(
        table,
        { name: "A", parent: "p", tags: ["x"] },
        { name: "A", parent: "p", tags: [UNKNOWN_VALUE] },
      ).changed,
    ).toEqual(["tags"]);
  });
});
