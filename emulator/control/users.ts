/** The emulated directory and user tokens acting as its users. */
import { control, ok, refuse, type ControlRoute } from "./control";

export const USER_CONTROLS: ControlRoute[] = [
  control("GET /__emulator/users", (ctx) => ok({ users: ctx.tenant.users.all() })),
  // `{}` (or no body) acts as the default user, as before users existed.
  control("POST /__emulator/user-token", (ctx) => {
    const { user_id: userId, open_id: openId } = ctx.input;
    if (userId !== undefined && typeof userId !== "string")
      return refuse(400, "user_id must be a string");
    if (openId !== undefined && typeof openId !== "string")
      return refuse(400, "open_id must be a string");
    const directory = ctx.tenant.users;
    const byUserId = userId === undefined ? undefined : directory.find(userId, "user_id");
    const byOpenId = openId === undefined ? undefined : directory.find(openId, "open_id");
    if (userId !== undefined && byUserId === undefined)
      return refuse(404, `no user with user_id ${userId}`);
    if (openId !== undefined && byOpenId === undefined)
      return refuse(404, `no user with open_id ${openId}`);
    if (byUserId !== undefined && byOpenId !== undefined && byUserId !== byOpenId)
      return refuse(400, "user_id and open_id name different users");
    const user = byUserId ?? byOpenId ?? directory.defaultUser();
    return ok({
      user_access_token: ctx.tokens.issueUserToken(user.user_id),
      user_id: user.user_id,
      open_id: user.open_id,
    });
  }),
];
