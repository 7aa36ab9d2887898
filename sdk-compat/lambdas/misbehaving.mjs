// Handlers that fail in each way a real one can: throw, hang, answer garbage, crash the runtime.
export const throws = async () => {
  throw new Error('Something broke');
};
export const hangs = () => new Promise(() => {});
export const garbage = async () => 'this is not the event';
export const crashes = async () => {
  process.exit(1);
};
