/** IndexedDB keys and ids of user layers, shared by the import worker (which stores the data) and the store. */
export const INDEX_KEY = 'user-layers';
export const dataKey = (id: string) => `user-layer:${id}`;
export const newLayerId = () => Math.random().toString(36).slice(2, 8) + Date.now().toString(36).slice(-3);
