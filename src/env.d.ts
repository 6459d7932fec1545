/// <reference types="svelte" />
/// <reference types="vite/client" />

/** The validated layer catalog (scripts/vite-plugin-catalog.ts); typed in src/catalog/catalog.ts. */
declare module 'virtual:catalog' {
  const catalog: unknown;
  export default catalog;
}

/** The validated built-in presentation deck (scripts/vite-plugin-scenes.ts); typed in src/scenes/planTour.ts. */
declare module 'virtual:plan-tour' {
  const deck: unknown;
  export default deck;
}

interface ImportMetaEnv {
  /** 审图号 shown with the attribution (maps showing boundaries are published with one) */
  readonly VITE_SHENTU_HAO?: string;
  /** optional Tianditu key (https://console.tianditu.gov.cn); a user can also enter one in the UI */
  readonly VITE_TIANDITU_KEY?: string;
  /** 编制单位 printed on map sheets by default (editable in the sheet preview) */
  readonly VITE_SHEET_ORG?: string;
}

declare module 'polylabel' {
  /** The pole of inaccessibility of a polygon (rings of [x, y]); `distance` to its edge. */
  export default function polylabel(polygon: number[][][], precision?: number, debug?: boolean): [number, number] & { distance: number };
}
