// Jest sets NODE_ENV to 'test', and the Apps-Engine then grants apps every permission: the tests
// run under the permission checks a Rocket.Chat server makes, so the app's declared permissions count.
process.env.NODE_ENV = 'development';
