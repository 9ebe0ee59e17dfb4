import { IdentifierNode, RawNode } from 'kysely';

/** Kysely's own savepoint node (not exported by it): the name goes through IdentifierNode, so it is quoted. */
export function parseSavepointCommand(command: 'savepoint' | 'rollback to' | 'release', savepointName: string) {
  return RawNode.createWithChildren([RawNode.createWithSql(`${command} `), IdentifierNode.create(savepointName)]);
}
