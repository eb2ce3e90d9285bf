// `express4` is an npm alias of express@4 installed for the tests; @types/express describes 5,
// whose surface the tests use identically on both majors.
declare module 'express4' {
  import express from 'express';
  export default express;
}
