/** IndexedDB keys and ids of user layers, shared by the import worker (which stores the data) and the store. */
/** The source id everything users import cites (layers/sources.json: 用户导入); a layer's section is its file name. */
export const USER_IMPORT_DOC = 'user-import';
export const INDEX_KEY = 'user-layers';
export const dataKey = (id: string) => `user-layer:${id}`;
export const newLayerId = () => Math.random().toString(36).slice(2, 8) + Date.now().toString(36).slice(-3);
