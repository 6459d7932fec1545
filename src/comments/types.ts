/** What a citizen comments on, and what the comments API answers (server/comments/routes.ts). */
export type CommentTarget =
  | { kind: 'point'; lon: number; lat: number }
  | { kind: 'feature'; layer: string; id: string }
  | { kind: 'clause'; doc: string; section: string; title?: string; quote?: string; lon?: number; lat?: number };

export type CommentKind = 'opinion' | 'report';

export interface Bilingual {
  zh: string;
  en: string;
}

export interface CommentsConfig {
  open: boolean;
  opensAt: string | null;
  closesAt: string | null;
  reason: Bilingual | null;
  closedBecause: 'not-yet-open' | 'closed' | null;
  maxText: number;
  kinds: CommentKind[];
  retentionDays: number;
}

export interface Draft {
  kind: CommentKind;
  text: string;
  contact?: string;
  consent?: boolean;
  target: CommentTarget;
  lang: 'zh' | 'en';
  /** what it is about, in words (a site's name, a point's coordinates) — for the queue list */
  about: string;
}

export interface CommentStatus {
  receipt: string;
  kind: CommentKind;
  text: string | null;
  about: string;
  status: 'received' | 'processing' | 'answered' | 'withdrawn';
  answer: string | null;
  answeredAt: string | null;
  createdAt: string;
  hasContact: boolean;
}

export const KIND_TEXT: Record<CommentKind, Bilingual> = {
  opinion: { zh: '意见建议', en: 'Opinion or suggestion' },
  report: { zh: '问题反映', en: 'Report a problem' },
};

export const STATUS_TEXT: Record<CommentStatus['status'], Bilingual> = {
  received: { zh: '已收到', en: 'Received' },
  processing: { zh: '处理中', en: 'Being handled' },
  answered: { zh: '已答复', en: 'Answered' },
  withdrawn: { zh: '已撤回', en: 'Withdrawn' },
};
