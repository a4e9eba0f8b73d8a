// Live notifications: one SignalR connection per page, fanned out to the Blazor components that subscribe.
(function () {
    const subscribers = new Set();
    let connection = null;

    function connect() {
        if (connection || typeof signalR === "undefined") {
            return;
        }
        connection = new signalR.HubConnectionBuilder()
            .withUrl("/hubs/notifications")
            .withAutomaticReconnect()
            .build();
        connection.on("notification", function (message) {
            const live = document.getElementById("fq-live-region");
            if (live) {
                live.textContent = message.title;
            }
            subscribers.forEach(function (ref) {
                ref.invokeMethodAsync("OnNotification", message).catch(function () { subscribers.delete(ref); });
            });
        });
        connection.start().catch(function () { connection = null; setTimeout(connect, 5000); });
    }

    window.fengqiaoNotifications = {
        subscribe: function (ref) { subscribers.add(ref); connect(); },
        unsubscribe: function (ref) { subscribers.delete(ref); },
        isConnected: function () { return !!connection && connection.state === "Connected"; }
    };
})();
