package org.recon.command.config;

import com.github.kagkarlsson.scheduler.Scheduler;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.config.Configuration;
import org.axonframework.deadline.DeadlineManager;
import org.axonframework.deadline.dbscheduler.DbSchedulerDeadlineManager;
import org.axonframework.serialization.Serializer;
import org.recon.support.axon.AxonModule;
import org.recon.support.axon.Lifecycles;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;

import javax.sql.DataSource;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Deadlines (reconciliation windows, SLAs) live in PostgreSQL through db-scheduler, so a window
 * that ends while the service is down fires when it comes back, once.
 */
@org.springframework.context.annotation.Configuration(proxyBeanMethods = false)
class DeadlineConfiguration {

    private final AtomicReference<DbSchedulerDeadlineManager> deadlineManager = new AtomicReference<>();

    @Bean(destroyMethod = "")
    Scheduler deadlineScheduler(DataSource dataSource, DeadlineProperties properties) {
        return Scheduler.create(dataSource, DbSchedulerDeadlineManager.binaryTask(deadlineManager::get))
                .threads(properties.threads())
                .pollingInterval(properties.pollingInterval())
                .heartbeatInterval(Duration.ofSeconds(30))
                // a deadline still running at shutdown is retried after restart; do not hold shutdown for 30 minutes
                .shutdownMaxWait(Duration.ofSeconds(20))
                .build();
    }

    @Bean
    AxonModule deadlineModule(Scheduler scheduler, Serializer serializer, TransactionManager transactionManager) {
        return configurer -> configurer.registerComponent(DeadlineManager.class, (Configuration c) -> {
            DbSchedulerDeadlineManager manager = DbSchedulerDeadlineManager.builder()
                    .scheduler(scheduler)
                    .scopeAwareProvider(c.scopeAwareProvider())
                    .serializer(serializer)
                    .transactionManager(transactionManager)
                    .startScheduler(false)
                    .stopScheduler(false)
                    .build();
            deadlineManager.set(manager);
            return manager;
        });
    }

    /** Starts firing deadlines only once Axon (and so every saga and aggregate handler) is running. */
    @Bean
    SmartLifecycle deadlineLifecycle(Configuration configuration, Scheduler scheduler) {
        return Lifecycles.of(() -> {
            configuration.deadlineManager();
            scheduler.start();
        }, scheduler::stop, SmartLifecycle.DEFAULT_PHASE - 2048);
    }
}
