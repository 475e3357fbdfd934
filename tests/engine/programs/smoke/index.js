// A dynamic resource whose provider writes, rewrites and deletes one file. The provider methods
// `require` what they need inside their bodies, so the serialized provider stays small (L7).
"use strict";
const pulumi = require("@pulumi/pulumi");

const fileProvider = {
  async create(inputs) {
    require("node:fs").writeFileSync(inputs.path, inputs.content);
    return { id: inputs.path, outs: inputs };
  },
  async diff(_id, olds, news) {
    const replaces = olds.path === news.path ? [] : ["path"];
    const changes = olds.content !== news.content || replaces.length > 0;
    return { changes, replaces, deleteBeforeReplace: true };
  },
  async update(_id, _olds, news) {
    require("node:fs").writeFileSync(news.path, news.content);
    return { outs: news };
  },
  async delete(id) {
    require("node:fs").rmSync(id, { force: true });
  },
};

class FileResource extends pulumi.dynamic.Resource {
  constructor(name, args, opts) {
    super(fileProvider, name, { ...args }, opts, "smoke", "File");
  }
}

const config = new pulumi.Config();
const file = new FileResource("greeting", {
  path: config.require("path"),
  content: config.get("content") ?? "hello from the engine\n",
});

exports.path = file.id;
