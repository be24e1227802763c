/** `/forget` and `/export`: the user's right to erasure and to their data. */
import type { Action } from '../context.ts';

export const forget: Action = () => ({ events: [{ type: 'user_erased' }], say: [{ key: 'forgotten' }], private: true });

export const exportData: Action = async ({ state, deps, message }) => {
  const turns = deps.log ? await deps.log.exportUser(message.userId) : [];
  const content = JSON.stringify({ profile: state.profile, session: state.session, turns }, null, 2);
  return {
    events: [],
    say: [{ key: 'exported', vars: { turns: turns.length } }],
    attachment: { filename: 'fashion-advisor-export.json', content },
    private: true,
  };
};
