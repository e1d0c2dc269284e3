export {
  type Assignor,
  type AssignorMember,
  type AssignorPartition,
  type AssignorTopics,
  compareMembers,
  type GroupAssignment,
} from './assignor.ts';
export { CooperativeStickyAssignor } from './cooperative-sticky.ts';
export { RangeAssignor } from './range.ts';
export { RoundRobinAssignor } from './round-robin.ts';
