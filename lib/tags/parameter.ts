// What a report's `tag` parameter may hold before it is looked up (members.ts assertTagOf): a
// tag's id. Plain data, so request schemas the browser also uses can check it.

export const TAG_PARAMETER = /^[A-Za-z0-9_-]{1,64}$/;
export const TAG_PARAMETER_MESSAGE = "tag: the id of one of the workspace's tags (letters, digits, - and _).";
