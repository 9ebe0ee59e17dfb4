import type { Clash, TArticle, TClash, TPublicMenu, TWeekSubmissions } from '@zhongli/domain';
import { presentPublicActivity, presentStaffActivity, type ActivityRow } from '../activities/index.js';
import { renderArticle, type ArticleActivity } from './menus.article.js';
import { renderCalendar } from './menus.calendar.js';
import type { PublicMenu, weekForReview } from './menus.service.js';

export function presentClash(c: Clash): TClash {
  return c.kind === 'venue'
    ? { kind: c.kind, venueId: c.venueId, activityIds: c.activityIds }
    : { kind: c.kind, partnerId: c.partnerId, activityIds: c.activityIds };
}

export function presentWeekSubmissions(view: Awaited<ReturnType<typeof weekForReview>>): TWeekSubmissions {
  return {
    week: view.week,
    deadline: view.deadline,
    publishedAt: view.publishedAt,
    activities: view.activities.map(presentStaffActivity),
    clashes: view.clashes.map(presentClash),
  };
}

/** The public menu: only communities with something on it. */
export function presentPublicMenu(menu: PublicMenu): TPublicMenu {
  return {
    week: menu.week,
    publishedAt: menu.publishedAt,
    from: menu.window.from,
    to: menu.window.to,
    communities: menu.communities
      .map((c) => ({ id: c.id, name: c.name, activities: c.activities.map(presentPublicActivity) }))
      .filter((c) => c.activities.length > 0),
  };
}

/** The WeChat article of a published week; `menuUrl` is where its link points. */
export function presentArticle(menu: PublicMenu, menuUrl: string): TArticle {
  const article = renderArticle({
    centerName: menu.centerName,
    week: menu.week,
    menuUrl,
    communities: menu.communities.map((c) => ({
      name: c.name,
      activities: c.activities.map((view): ArticleActivity => {
        const p = presentPublicActivity(view);
        return {
          title: p.title,
          category: p.category,
          venue: p.venue,
          startsAt: p.startsAt,
          endsAt: p.endsAt,
          capacity: p.capacity,
          points: p.points?.points ?? null,
          partners: p.partners.map((x) => x.name),
          answersNeeds: p.answersNeeds.length > 0,
          status: p.status === 'cancelled' ? 'cancelled' : 'published',
          changed: p.changed,
        };
      }),
    })),
  });
  return { title: article.title, html: article.html, truncated: article.truncated };
}

/** An iCalendar feed of activity rows; each event links to the activity's page under `origin`. */
export function presentCalendar(name: string, rows: ActivityRow[], origin: string, now: Date): string {
  return renderCalendar(
    name,
    rows.map((r) => ({
      id: r.id,
      title: `${r.community_name}｜${r.title}`,
      description: r.description,
      location: r.venue_name ?? r.place,
      startsAt: r.starts_at,
      endsAt: r.ends_at,
      updatedAt: r.updated_at,
      cancelled: r.status === 'cancelled',
      url: `${origin}/activities/${r.id}`,
    })),
    now,
  );
}
