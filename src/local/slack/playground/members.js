// The member list of the current channel (the header's people button toggles it).
import { escapeHtml } from './format.js';
import { $, avatarColor, botUserId, currentChannel, displayName, state } from './state.js';

export function renderMembers() {
  const channel = currentChannel();
  const members = channel?.members ?? [];
  const toggle = $('members-toggle');
  toggle.querySelector('[data-role="count"]').textContent = String(members.length);
  toggle.setAttribute('aria-expanded', String(state.membersOpen));
  toggle.setAttribute('aria-label', `${members.length} members`);
  const pane = $('members-pane');
  pane.hidden = !state.membersOpen;
  if (!state.membersOpen) return;
  const sorted = [...members].sort((a, b) => displayName(a).localeCompare(displayName(b)));
  $('member-list').innerHTML = sorted
    .map((id) => {
      const user = state.users.get(id);
      const app = id === botUserId ? '<span class="badge">APP</span>' : '';
      const you = id === state.me ? '<span class="you">(you)</span>' : '';
      return `<li class="member" data-testid="member" data-user="${escapeHtml(id)}">
        <span class="avatar small" aria-hidden="true" style="background:${avatarColor(id)}">${escapeHtml(displayName(id).charAt(0))}</span>
        <span class="member-name">${escapeHtml(displayName(id))}</span>${app}${you}
        ${user && !user.is_bot ? `<span class="member-handle">@${escapeHtml(user.name)}</span>` : ''}
      </li>`;
    })
    .join('');
}
