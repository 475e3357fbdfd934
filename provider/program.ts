/**
 * The default Pulumi program (root Pulumi.yaml): declares the layout file named by the stack
 * config `feishu-vc:layout` (default `layout.yaml`, relative to the project directory) and exports
 * a summary of what it manages. Layout errors stop the program before any resource is declared,
 * so nothing in the tenant changes.
 */
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { LayoutError, declareLayout, loadLayout } from "./layout";

const config = new pulumi.Config("feishu-vc");
const layoutFile = path.resolve(config.get("layout") ?? "layout.yaml");

function load(): ReturnType<typeof loadLayout> {
  try {
    return loadLayout(layoutFile);
  } catch (error) {
    // RunError prints the message without a stack trace: the message already names file:line:col.
    if (error instanceof LayoutError) throw new pulumi.RunError(error.message);
    throw error;
  }
}

const declared = declareLayout(load(), { adopt: config.getBoolean("adopt") ?? false });

const idsByKey = <T>(
  items: Record<string, T>,
  id: (item: T) => pulumi.Output<string>,
): Record<string, pulumi.Output<string>> =>
  Object.fromEntries(Object.entries(items).map(([key, item]) => [key, id(item)]));

/** How many objects of each kind the stack manages. */
export const counts = {
  levels: Object.keys(declared.levels).length,
  rooms: Object.keys(declared.rooms).length,
  configs: Object.keys(declared.configs).length,
};
/** Level ids by layout key. */
export const levelIds = idsByKey(declared.levels, (level) => level.roomLevelId);
/** Room ids by layout key. */
export const roomIds = idsByKey(declared.rooms, (room) => room.roomId);
/** The layout file this stack was declared from. */
export const layout = path.relative(process.cwd(), layoutFile);
