// DescribeGroups (key 15): state, protocol and members of classic groups; unknown groups are Dead
// (v6: GROUP_ID_NOT_FOUND), as Kafka answers.
import { DescribeGroups, ErrorCode, GroupState } from '@lk/api';
import { coordinatorError } from '../routing.ts';
import { defineHandler } from './handler.ts';

const FIRST_NOT_FOUND_VERSION = 6;
const EMPTY = new Uint8Array(0);

export default defineHandler({
  api: DescribeGroups,
  minVersion: 0,
  maxVersion: 6,
  handle(ctx, request) {
    const groups = request.groups.map((groupId) => {
      const described = {
        errorCode: coordinatorError(ctx.cluster, ctx.broker, groupId),
        errorMessage: null as string | null,
        groupId,
        groupState: GroupState.DEAD as string,
        protocolType: '',
        protocolData: '',
        members: [] as {
          memberId: string;
          groupInstanceId: string | null;
          clientId: string;
          clientHost: string;
          memberMetadata: Uint8Array;
          memberAssignment: Uint8Array;
        }[],
        authorizedOperations: -2147483648,
      };
      if (described.errorCode !== ErrorCode.NONE) return described;
      const group = ctx.cluster.groups.classic.get(groupId);
      if (group === undefined) {
        if (ctx.apiVersion >= FIRST_NOT_FOUND_VERSION) described.errorCode = ErrorCode.GROUP_ID_NOT_FOUND;
        return described;
      }
      described.groupState = group.state;
      described.protocolType = group.protocolType ?? '';
      described.protocolData = group.protocolName ?? '';
      const stable = group.state === GroupState.STABLE;
      described.members = [...group.members.values()].map((m) => ({
        memberId: m.memberId,
        groupInstanceId: m.groupInstanceId,
        clientId: m.clientId,
        clientHost: m.clientHost,
        memberMetadata: m.protocols.find((p) => p.name === group.protocolName)?.metadata ?? EMPTY,
        memberAssignment: stable ? m.assignment : EMPTY,
      }));
      return described;
    });
    return { ...DescribeGroups.newResponse(), groups };
  },
});
