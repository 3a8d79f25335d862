// What the page's classic scripts put on window, for the type check of wwwroot/js.
import type * as SignalR from '@microsoft/signalr';

declare global {
    interface Window {
        signalR: typeof SignalR;
    }
}
