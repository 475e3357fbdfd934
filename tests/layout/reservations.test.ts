/** `reservations:` in a layout file: validated with file:line errors before any call. */
import { validateLayoutText } from "../../provider/layout";

const ahead = (days: number): string =>
  new Date(Date.now() + days * 86_400_000).toISOString().replace(/\.\d+Z$/, "Z");

const layout = (reservation: string): string =>
  ["version: 1", "levels: []", "reservations:", reservation].join("\n") + "\n";

const messages = (text: string): string[] =>
  validateLayoutText(text, "layout.yaml").issues.map(
    (i) => `${i.file}:${i.line}:${i.column} ${i.path}: ${i.message}`,
  );

it("accepts a reservation with the resource's fields", () => {
  const text = layout(
    [
      "  - key: incident-bridge",
      "    ownerId: ou_owner",
      `    endTime: "${ahead(7)}"`,
      "    meetingSettings:",
      "      topic: Incident bridge",
      '      password: "123456"',
      "      assignHosts: [ou_a, ou_b]",
      "      actionPermissions:",
      "        - permission: join",
      "          permissionCheckers:",
      "            - { checkField: userId, checkMode: allow, checkList: [ou_a] }",
    ].join("\n"),
  );
  const result = validateLayoutText(text, "layout.yaml");
  expect(result.issues).toEqual([]);
  expect(result.layout?.reservations?.[0]?.meetingSettings.topic).toBe("Incident bridge");
});

it("locates every problem at file:line:col with the field, all at once", () => {
  const text = layout(
    [
      "  - key: bridge",
      "    ownerId: ou_owner",
      '    endTime: "2020-01-01T00:00:00Z"',
      "    meetingSettings:",
      '      password: "12"',
      "      meetingInitialType: call",
      "      autoRecord: true",
      "  - key: bridge",
      "    ownerId: ou_owner",
      `    endTime: "${ahead(45)}"`,
      "    meetingSettings: { assignHosts: [a, b, c, d, e, f, g, h, i, j, k], colour: red }",
    ].join("\n"),
  );
  const found = messages(text);
  expect(found).toEqual(
    expect.arrayContaining([
      expect.stringMatching(
        /^layout\.yaml:6:\d+ reservations\[0\]\.endTime: has passed .*move endTime/,
      ),
      expect.stringMatching(/^layout\.yaml:8:\d+ reservations\[0\]\.meetingSettings\.password: /),
      expect.stringMatching(
        /^layout\.yaml:10:\d+ reservations\[0\]\.meetingSettings\.autoRecord: cannot be true for a 1v1 call/,
      ),
      expect.stringMatching(
        /^layout\.yaml:11:\d+ reservations\[1\]\.key: duplicate reservation key "bridge"/,
      ),
      expect.stringMatching(
        /^layout\.yaml:13:\d+ reservations\[1\]\.endTime: must be at most 30 days ahead/,
      ),
      expect.stringMatching(/^layout\.yaml:14:\d+ reservations\[1\]\.meetingSettings\.assignHosts/),
      expect.stringMatching(/^layout\.yaml:14:\d+ reservations\[1\]\.meetingSettings.*colour/),
    ]),
  );
});
