/** The mapped consumer, with its ACL groups, as cached by the consumer directory. */
export interface ConsumerIdentity {
  id: string;
  username: string | null;
  custom_id: string | null;
  type: 'proxy' | 'application';
  groups: readonly string[];
}
